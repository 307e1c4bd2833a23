using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vision.Models;

namespace Calibration.Lfw;

/// <summary>
/// <c>identify lfw DIR --api URL --token TOKEN [--parallel N]</c>: 1:N identification as <see cref="LfwIdentification"/> measures
/// it on the engine path, but through a running server's HTTP API, as a client sees it: each person's first photo with a face is
/// enrolled with <c>POST /v0/face</c> into a gallery of its own (made afresh), and each later photo with a face is a mated probe
/// of <c>POST /v0/faces/gallery/&lt;gallery&gt;/identify</c> (<c>n</c> 6, threshold <c>none</c>), with <c>--bbox</c> when given. Scores are the API's
/// confidences, so the presets are read as a client gives them.
/// </summary>
public static class LfwApiIdentification
{
    public const string Gallery = "lfw_identification";

    private static readonly (string Name, float Confidence)[] Presets =
    [
        ("strict", ConfidenceThresholds.Strict),
        ("default", ConfidenceThresholds.Default),
        ("medium", ConfidenceThresholds.Medium),
        ("low", ConfidenceThresholds.Low),
    ];

    // The server may be busy (429) or a stage slow (503): the call is tried again after these pauses.
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(16)];

    /// <param name="bbox">The spec's <c>bbox</c> sent with every photo, e.g. <c>[[100,100,150,150]]</c>: the face whose centre lies there
    /// (LFW centres its subject in 250x250 photos; the engine path takes the face nearest the centre). Without it the API takes the
    /// biggest face (mf_selector's default), which on some LFW photos is someone else's.</param>
    public static async Task<int> RunAsync(string lfwDir, Uri api, string token, int parallel, string? bbox, TextWriter output)
    {
        (string, string)[] selection = bbox is null ? [] : [("bbox", bbox)];
        var set = LfwSet.Read(lfwDir);
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        var photosOf = set.Images.GroupBy(LfwSet.PersonOf)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList());
        var people = photosOf.Keys.Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"LFW {lfwDir}: {set.Images.Count} photos of {people.Count} people, against {api} with {parallel} calls in flight, " +
                         $"{(bbox is null ? "the biggest face" : $"bbox {bbox}")}; load average {LoadAverage()}");

        // A gallery of this run's faces only; deleting it erases the faces of an earlier run.
        using (var deleted = await http.DeleteAsync($"v0/galleries/{Gallery}"))
            if (deleted.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.NotFound))
                throw new InvalidOperationException($"DELETE /v0/galleries/{Gallery}: {(int)deleted.StatusCode} {await deleted.Content.ReadAsStringAsync()}");
        using (var created = await http.PostAsync($"v0/galleries/{Gallery}", null))
            await EnsureAsync(created, "POST /v0/galleries");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var personOfFace = new ConcurrentDictionary<long, string>();
        var enrolledPhoto = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (person, cancellationToken) =>
        {
            for (var i = 0; i < photosOf[person].Count; i++)
            {
                var face = await CallAsync(http, "v0/face", set.PathOf(photosOf[person][i]), [("meta", person), ("galleries", Gallery), .. selection], cancellationToken);
                if (face is null)
                    continue;
                personOfFace[face.Value.GetProperty("results")[0].GetProperty("id").GetInt64()] = person;
                enrolledPhoto[person] = i;
                return;
            }
        });
        var enrollSeconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"enrolled {personOfFace.Count} people in {enrollSeconds:F0} s ({personOfFace.Count / enrollSeconds:F1}/s); " +
                         $"{people.Count - personOfFace.Count} without a face on any photo; load average {LoadAverage()}");

        var probes = enrolledPhoto.SelectMany(p => photosOf[p.Key].Skip(p.Value + 1).Select(photo => (Person: p.Key, Photo: photo))).ToList();
        var searches = new ConcurrentBag<ProbeSearch>();
        var noFace = 0;
        clock.Restart();
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (probe, cancellationToken) =>
        {
            var answer = await CallAsync(http, $"v0/faces/gallery/{Gallery}/identify", set.PathOf(probe.Photo),
                [("n", LfwIdentification.Candidates.ToString()), ("threshold", "none"), .. selection], cancellationToken);
            // With a bbox, a photo whose face lies elsewhere is answered with no face at all.
            if (answer?.GetProperty("results").EnumerateObject().SingleOrDefault().Value is not { ValueKind: JsonValueKind.Array } found)
            {
                Interlocked.Increment(ref noFace);
                return;
            }
            var matches = found.EnumerateArray()
                .Select(m => (Person: personOfFace[m.GetProperty("face").GetProperty("id").GetInt64()], Confidence: m.GetProperty("confidence").GetSingle()))
                .ToList();
            var rank = matches.FindIndex(m => m.Person == probe.Person) + 1;
            searches.Add(new ProbeSearch(rank, rank > 0 ? matches[rank - 1].Confidence : float.NegativeInfinity,
                matches.First(m => m.Person != probe.Person).Confidence));
        });
        var identifySeconds = clock.Elapsed.TotalSeconds;

        var result = new IdentificationResult(personOfFace.Count, personOfFace.Values.Count(p => enrolledPhoto[p] == photosOf[p].Count - 1), [.. searches]);
        output.WriteLine($"identified {searches.Count} mated probes in {identifySeconds:F0} s ({searches.Count / identifySeconds:F1}/s), {noFace} probes " +
                         $"without a face; load average {LoadAverage()}");
        output.WriteLine($"1:N through the API: gallery {result.Gallery} people ({result.Distractors} with no later photo: distractors), " +
                         $"{result.Searches.Count} mated probes; rank-1 {result.HitRate(1):P2}, rank-5 {result.HitRate(5):P2}");
        output.WriteLine("| threshold | confidence | FPIR | FNIR (mate not first at or above) |");
        foreach (var (name, confidence) in LfwIdentification.ReportedFalsePositiveRates
                     .Select(fpir => result.ThresholdAtFpir(fpir)).Select(t => ($"FPIR {result.Fpir(t):0.0e0}", t)).Concat(Presets))
            output.WriteLine($"| {name} | {confidence:F4} | {result.Fpir(confidence):P2} | {result.Fnir(confidence):P2} |");
        return 0;
    }

    /// <returns>The answer, or null when the server found no face on the photo (400 BAD_PARAM).</returns>
    private static async Task<JsonElement?> CallAsync(HttpClient http, string path, string photo, (string Name, string Value)[] fields,
        CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(photo, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "photo", Path.GetFileName(photo) } };
            foreach (var (name, value) in fields)
                form.Add(new StringContent(value), name);
            using var response = await http.PostAsync(path, form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
                return JsonDocument.Parse(body).RootElement.Clone();
            if (response.StatusCode == HttpStatusCode.BadRequest && body.Contains("No face", StringComparison.Ordinal))
                return null;
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || attempt == RetryDelays.Length)
                throw new InvalidOperationException($"POST {path} with {photo}: {(int)response.StatusCode} {body}");
            await Task.Delay(RetryDelays[attempt], cancellationToken);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string call)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{call}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
