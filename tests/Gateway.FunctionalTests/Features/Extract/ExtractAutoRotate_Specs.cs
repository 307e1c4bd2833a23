using System.Buffers.Binary;
using System.Net;
using System.Text.Json;

namespace Gateway.FunctionalTests.Features.Extract;

/// <summary>The Extraction API's auto_rotate (spec 8.4.2): a sideways photo's face is found, in the photo's own coordinates.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ExtractAutoRotate_Specs(GatewayFactory gateway)
{
    [Fact]
    public async Task Should_find_the_face_of_a_sideways_photo_only_with_auto_rotate_with_its_box_where_the_face_is()
    {
        using var client = gateway.CreateAuthorizedClient();
        var upright = TestSupport.Photos.Bytes("grace_hopper.jpg");
        var sideways = TestSupport.PhotoEdits.TurnClockwise(upright);

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(
            """
            {"requests":[{"image":"multipart:upright","need_facen":true},{"image":"multipart:sideways"},
                         {"image":"multipart:sideways","auto_rotate":true,"need_facen":true}]}
            """, ("upright", upright), ("sideways", sideways)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var responses = (await response.JsonAsync()).GetProperty("responses");
        var uprightFace = Assert.Single(responses[0].GetProperty("faces").EnumerateArray());
        Assert.Empty(responses[1].GetProperty("faces").EnumerateArray());
        var turnedFace = Assert.Single(responses[2].GetProperty("faces").EnumerateArray());

        // The upright box turned clockwise: left = height - bottom, top = left, right = height - top, bottom = right.
        var height = SkiaSharp.SKBitmap.DecodeBounds(upright).Height;
        var (left, top, right, bottom) = Box(uprightFace);
        var side = right - left;
        var expected = new[] { height - bottom, left, height - top, right };
        var actual = Box(turnedFace);
        foreach (var (want, got) in expected.Zip(new[] { actual.Left, actual.Top, actual.Right, actual.Bottom }))
            Assert.InRange(got, want - side / 10, want + side / 10);
        Assert.True(Cosine(uprightFace, turnedFace) > 0.9, $"cosine {Cosine(uprightFace, turnedFace)}");
    }

    private static (int Left, int Top, int Right, int Bottom) Box(JsonElement face)
    {
        var bbox = face.GetProperty("bbox");
        return (bbox.GetProperty("left").GetInt32(), bbox.GetProperty("top").GetInt32(),
            bbox.GetProperty("right").GetInt32(), bbox.GetProperty("bottom").GetInt32());
    }

    private static double Cosine(JsonElement a, JsonElement b)
    {
        var (x, y) = (a.GetProperty("facen").GetBytesFromBase64(), b.GetProperty("facen").GetBytesFromBase64());
        return Enumerable.Range(0, x.Length / 4).Sum(i =>
            (double)BinaryPrimitives.ReadSingleLittleEndian(x.AsSpan(i * 4)) * BinaryPrimitives.ReadSingleLittleEndian(y.AsSpan(i * 4)));
    }
}
