using System.Diagnostics;
using System.Security.Cryptography;
using Contracts.Detection;
using Contracts.Embedding;
using TestSupport;

namespace Calibration.Lfw;

/// <summary>The facen of each photo's face nearest the image centre (LFW centres its subject), made by the real extraction
/// path (decode, detect, landmarks, alignment, facen, as /v1/extract does) and cached by the photo's SHA-256, so that
/// a rerun after a threshold change reads the cache instead of running the models.</summary>
/// <param name="cacheFile">One file per engine variant: a change to the extraction path needs a new variant name.</param>
public sealed class LfwFacens(FaceEngine engine, string cacheFile)
{
    private const int HashBytes = 32;

    /// <summary>Facens by image name (null: no face found) and the time each extraction took, for those not cached.</summary>
    /// <param name="shrink">Every photo resized by this factor first (small faces), or null.</param>
    public Task<(Dictionary<string, float[]?> Facens, List<ExtractionTime> Times)> ExtractAsync(LfwSet set, TextWriter log, float? shrink = null) =>
        ExtractAsync(set.Images.Select(image => (image, (Func<byte[]>)(() => shrink is { } factor
            ? PhotoEdits.Resize(File.ReadAllBytes(set.PathOf(image)), factor)
            : File.ReadAllBytes(set.PathOf(image))))).ToList(), log);

    /// <summary>Facens of named photos given by their bytes (edited copies as well as files), cached like the set's.</summary>
    public async Task<(Dictionary<string, float[]?> Facens, List<ExtractionTime> Times)> ExtractAsync(
        IReadOnlyList<(string Name, Func<byte[]> Photo)> photos, TextWriter log)
    {
        var cached = Load(cacheFile);
        var facens = new Dictionary<string, float[]?>();
        var times = new List<ExtractionTime>();
        Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
        await using var append = new BinaryWriter(File.Open(cacheFile, FileMode.Append));
        foreach (var (name, read) in photos)
        {
            var photo = read();
            var hash = Convert.ToHexString(SHA256.HashData(photo));
            if (!cached.TryGetValue(hash, out var facen))
            {
                (facen, var time) = await ExtractOneAsync(photo);
                times.Add(time);
                Write(append, hash, facen);
                if (times.Count % 500 == 0)
                    log.WriteLine($"  {times.Count} photos described, {facens.Count + 1}/{photos.Count}");
            }
            facens[name] = facen;
        }
        return (facens, times);
    }

    private async Task<(float[]? Facen, ExtractionTime Time)> ExtractOneAsync(byte[] photo)
    {
        var clock = Stopwatch.StartNew();
        using var image = engine.Decoder.Decode(photo);
        var faces = await engine.Detection.FindAsync(image, null, Detectors.Nnd);
        var detect = clock.Elapsed.TotalMilliseconds;
        if (faces.Count == 0)
            return (null, new ExtractionTime(detect, 0));
        var (cx, cy) = (image.Width / 2f, image.Height / 2f);
        var centre = faces.MinBy(f => float.Hypot((f.Box.Left + f.Box.Right) / 2f - cx, (f.Box.Top + f.Box.Bottom) / 2f - cy))!;
        clock.Restart();
        var description = await engine.Describer.DescribeAsync(image, centre, FaceAttributes.Facen);
        return (description.Facen, new ExtractionTime(detect, clock.Elapsed.TotalMilliseconds));
    }

    private static Dictionary<string, float[]?> Load(string path)
    {
        var facens = new Dictionary<string, float[]?>();
        if (!File.Exists(path))
            return facens;
        using var read = new BinaryReader(File.OpenRead(path));
        while (read.BaseStream.Position < read.BaseStream.Length)
        {
            var hash = Convert.ToHexString(read.ReadBytes(HashBytes));
            var length = read.ReadInt32();
            facens[hash] = length == 0 ? null : [.. Enumerable.Range(0, length).Select(_ => read.ReadSingle())];
        }
        return facens;
    }

    private static void Write(BinaryWriter write, string hash, float[]? facen)
    {
        write.Write(Convert.FromHexString(hash));
        write.Write(facen?.Length ?? 0);
        foreach (var value in facen ?? [])
            write.Write(value);
        write.Flush();
    }
}

/// <summary>Milliseconds of one photo's extraction: decode and detection (with landmarks), then alignment and facen.</summary>
public readonly record struct ExtractionTime(double DetectMs, double DescribeMs)
{
    public double TotalMs => DetectMs + DescribeMs;
}
