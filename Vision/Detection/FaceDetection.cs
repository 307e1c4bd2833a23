using Contracts.Detection;
using Contracts.Images;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;

namespace Vision.Detection;

/// <summary>Finds faces with their five landmarks: the detect stage's work.</summary>
public sealed class FaceDetection(UltraFaceDetector detector, LandmarkModel landmarks)
{
    /// <summary>Faces inside <paramref name="roi"/> (whole image when null), largest first, with square boxes as FindFace returns them.
    /// With <paramref name="autoRotate"/>, an image with no face upright is searched again turned 90, 180 and 270 degrees;
    /// the turn whose best face the detector is surest of gives its faces, in the original image's coordinates.</summary>
    public async Task<IReadOnlyList<DetectedFace>> FindAsync(DecodedImage image, Box? roi, string detectorName, bool autoRotate = false)
    {
        if (detectorName == Detectors.Prenormalized)
        {
            var whole = new Box(0, 0, image.Width, image.Height);
            return [new DetectedFace(whole, 1, FaceAligner.TemplateFor(image.Width, image.Height), FaceSharpness.Of(image, whole))];
        }

        var region = new SKRectI(0, 0, image.Width, image.Height);
        if (roi is not null)
            region = SKRectI.Intersect(region, new SKRectI(roi.Left, roi.Top, roi.Right, roi.Bottom));
        if (region.IsEmpty)
            return [];

        var upright = await FindAsync(image, region);
        if (!autoRotate || upright.Count > 0)
            return upright;
        // The detector also finds some faces upside down or sideways, with worse boxes: the turn it is surest of wins.
        IReadOnlyList<DetectedFace> best = [];
        foreach (var degrees in QuarterTurn.Retries)
        {
            using var turn = new QuarterTurn(image, degrees);
            var faces = await FindAsync(turn.Image, turn.ToTurned(region));
            if (faces.Count > 0 && (best.Count == 0 || faces.Max(f => f.Score) > best.Max(f => f.Score)))
                best = [.. faces.Select(f => f with { Box = turn.ToOriginal(f.Box), Landmarks = turn.ToOriginal(f.Landmarks) })];
        }
        return best;
    }

    private async Task<IReadOnlyList<DetectedFace>> FindAsync(DecodedImage image, SKRectI region)
    {
        using var activity = VisionActivity.Start("detect");
        var boxes = (await detector.DetectAsync(image, region)).Select(c => (Box: Square(c.Box), c.Score)).ToList();
        var points = await Task.WhenAll(boxes.Select(b => landmarks.FivePointsAsync(image, b.Box)));
        return
        [
            .. boxes.Select((b, i) => new DetectedFace(ToBox(b.Box), b.Score, points[i], FaceSharpness.Of(image, ToBox(b.Box))))
                .OrderByDescending(f => f.Box.Width * f.Box.Height),
        ];
    }

    /// <summary>A square of the box's height around its centre: FindFace's bbox shape, and what the landmark model was trained on.</summary>
    private static SKRect Square(SKRect box) =>
        SKRect.Create(box.MidX - box.Height / 2, box.Top, box.Height, box.Height);

    private static Box ToBox(SKRect r) =>
        new((int)MathF.Round(r.Left), (int)MathF.Round(r.Top), (int)MathF.Round(r.Right), (int)MathF.Round(r.Bottom));
}
