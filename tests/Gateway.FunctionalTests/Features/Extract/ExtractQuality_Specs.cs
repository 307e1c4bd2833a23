using System.Net;

namespace Gateway.FunctionalTests.Features.Extract;

/// <summary>findface-extraction-api's quality_estimator (spec 8.4): <c>detection_score</c> becomes the face's quality.</summary>
public sealed class ExtractQuality_Specs : IDisposable
{
    private readonly GatewayOnDataDir _gateway =
        new(Directory.CreateTempSubdirectory("facepipe-quality-").FullName, ("Extraction:QualityEstimator", "true"));

    [Fact]
    public async Task Should_score_a_smaller_copy_of_a_face_lower_and_no_face_above_0()
    {
        using var client = _gateway.CreateAuthorizedClient();
        var portrait = TestSupport.Photos.Bytes("grace_hopper.jpg");

        var full = await DetectionScoreAsync(client, portrait);
        var small = await DetectionScoreAsync(client, TestSupport.PhotoEdits.Resize(portrait, 0.3f));

        Assert.InRange(full, -1f, 0f);
        Assert.True(small < full - 0.5f, $"0.3 size {small}, full size {full}");
    }

    private static async Task<float> DetectionScoreAsync(HttpClient client, byte[] photo)
    {
        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(
            """{"requests":[{"image":"multipart:face"}]}""", ("face", photo)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = Assert.Single((await response.JsonAsync()).GetProperty("responses").EnumerateArray());
        return Assert.Single(image.GetProperty("faces").EnumerateArray()).GetProperty("detection_score").GetSingle();
    }

    public void Dispose()
    {
        _gateway.Dispose();
        Directory.Delete(_gateway.DataDir, recursive: true);
    }
}
