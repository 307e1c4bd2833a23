using Contracts.Detection;
using Contracts.Images;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;

namespace Vision.Detection;

/// <summary>Finds faces with their five landmarks: the detect stage's work.</summary>
public sealed class FaceDetection(UltraFaceDetector detector, LandmarkModel landmarks)
{
    /// <summary>Faces inside <paramref name="roi"/> (whole image when null), largest first, with square boxes as FindFace returns them.</summary>
    public async Task<IReadOnlyList<DetectedFace>> FindAsync(DecodedImage image, Box? roi, string detectorName)
    {
        if (detectorName == Detectors.Prenormalized)
            return [new DetectedFace(new Box(0, 0, image.Width, image.Height), 1, FaceAligner.TemplateFor(image.Width, image.Height))];

        var region = new SKRectI(0, 0, image.Width, image.Height);
        if (roi is not null)
            region = SKRectI.Intersect(region, new SKRectI(roi.Left, roi.Top, roi.Right, roi.Bottom));
        if (region.IsEmpty)
            return [];

        using var activity = VisionActivity.Start("detect");
        var boxes = (await detector.DetectAsync(image, region)).Select(c => (Box: Square(c.Box), c.Score)).ToList();
        var points = await Task.WhenAll(boxes.Select(b => landmarks.FivePointsAsync(image, b.Box)));
        return
        [
            .. boxes.Select((b, i) => new DetectedFace(ToBox(b.Box), b.Score, points[i]))
                .OrderByDescending(f => f.Box.Width * f.Box.Height),
        ];
    }

    /// <summary>A square of the box's height around its centre: FindFace's bbox shape, and what the landmark model was trained on.</summary>
    private static SKRect Square(SKRect box) =>
        SKRect.Create(box.MidX - box.Height / 2, box.Top, box.Height, box.Height);

    private static Box ToBox(SKRect r) =>
        new((int)MathF.Round(r.Left), (int)MathF.Round(r.Top), (int)MathF.Round(r.Right), (int)MathF.Round(r.Bottom));
}
