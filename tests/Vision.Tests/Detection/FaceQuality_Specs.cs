using Vision.Detection;

namespace Vision.Tests.Detection;

/// <summary>The quality score's sharpness term on a real face.</summary>
[Collection(FaceEngineCollection.Name)]
public sealed class FaceQuality_Specs(FaceEngine engine)
{
    [Fact]
    public async Task Should_score_a_blurred_copy_of_a_face_lower_than_the_sharp_face()
    {
        var portrait = Photos.Bytes("grace_hopper.jpg");
        var sharp = Assert.Single(await engine.DetectAsync(portrait));
        var blurred = Assert.Single(await engine.DetectAsync(PhotoEdits.Blur(portrait, 2)));
        var (width, height) = (SkiaSharp.SKBitmap.DecodeBounds(portrait).Width, SkiaSharp.SKBitmap.DecodeBounds(portrait).Height);

        var sharpQuality = FaceQuality.Of(sharp, width, height);
        var blurredQuality = FaceQuality.Of(blurred, width, height);

        Assert.True(blurred.Sharpness < sharp.Sharpness / 2, $"sharpness {sharp.Sharpness}, blurred {blurred.Sharpness}");
        Assert.True(blurredQuality.Score < sharpQuality.Score - 1, $"score {sharpQuality.Score}, blurred {blurredQuality.Score}");
    }
}
