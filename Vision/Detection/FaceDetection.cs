using Contracts.Detection;
using Contracts.Images;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;

namespace Vision.Detection;

/// <summary>Finds faces with their five landmarks: the detect stage's work.</summary>
public sealed class FaceDetection(UltraFaceDetector detector, LandmarkModel landmarks, DetectorOptions options)
{
    /// <summary>Faces inside <paramref name="roi"/> (whole image when null), largest first, with square boxes as FindFace returns
    /// them; at most <see cref="DetectorOptions.MaxFaces"/>.</summary>
    public async Task<IReadOnlyList<DetectedFace>> FindAsync(DecodedImage image, Box? roi, string detectorName) =>
        (await FindLargestAsync(image, roi, detectorName)).Faces;

    /// <summary>The <see cref="DetectorOptions.MaxFaces"/> largest faces, and how many smaller ones were left out before their
    /// landmarks were sought.</summary>
    public async Task<FoundFaces> FindLargestAsync(DecodedImage image, Box? roi, string detectorName)
    {
        if (detectorName == Detectors.Prenormalized)
            return new FoundFaces([new DetectedFace(new Box(0, 0, image.Width, image.Height), 1, FaceAligner.TemplateFor(image.Width, image.Height))], 0);

        var region = new SKRectI(0, 0, image.Width, image.Height);
        if (roi is not null)
            region = SKRectI.Intersect(region, new SKRectI(roi.Left, roi.Top, roi.Right, roi.Bottom));
        if (region.IsEmpty)
            return new FoundFaces([], 0);

        using var activity = VisionActivity.Start("detect");
        var found = (await detector.DetectAsync(image, region)).Select(c => (Box: Square(c.Box), c.Score))
            .OrderByDescending(b => b.Box.Width * b.Box.Height).ToList();
        var boxes = found.Take(options.MaxFaces).ToList();
        var points = await Task.WhenAll(boxes.Select(b => landmarks.FivePointsAsync(image, b.Box)));
        return new FoundFaces(
        [
            .. boxes.Select((b, i) => new DetectedFace(ToBox(b.Box), b.Score, points[i]))
                .OrderByDescending(f => f.Box.Width * f.Box.Height),
        ], found.Count - boxes.Count);
    }

    /// <summary>A square of the box's height around its centre: FindFace's bbox shape, and what the landmark model was trained on.</summary>
    private static SKRect Square(SKRect box) =>
        SKRect.Create(box.MidX - box.Height / 2, box.Top, box.Height, box.Height);

    private static Box ToBox(SKRect r) =>
        new((int)MathF.Round(r.Left), (int)MathF.Round(r.Top), (int)MathF.Round(r.Right), (int)MathF.Round(r.Bottom));
}

/// <summary>The largest faces of an image and how many smaller ones the face limit left out.</summary>
public sealed record FoundFaces(IReadOnlyList<DetectedFace> Faces, int Dropped);
