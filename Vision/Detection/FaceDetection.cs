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
    public async Task<IReadOnlyList<DetectedFace>> FindAsync(DecodedImage image, Box? roi, string detectorName, bool autoRotate = false) =>
        (await FindLargestAsync(image, roi, detectorName, autoRotate)).Faces;

    /// <summary>The <see cref="DetectorOptions.MaxFaces"/> largest faces, and how many smaller ones were left out before their
    /// landmarks were sought. With <paramref name="autoRotate"/>, an image with no face upright is searched again turned 90, 180
    /// and 270 degrees; the turn whose best face the detector is surest of gives its faces, in the original image's coordinates.</summary>
    public async Task<FoundFaces> FindLargestAsync(DecodedImage image, Box? roi, string detectorName, bool autoRotate = false)
    {
        if (detectorName == Detectors.Prenormalized)
        {
            var whole = new Box(0, 0, image.Width, image.Height);
            return new FoundFaces([new DetectedFace(whole, 1, FaceAligner.TemplateFor(image.Width, image.Height), FaceSharpness.Of(image, whole))], 0);
        }

        var region = new SKRectI(0, 0, image.Width, image.Height);
        if (roi is not null)
            region = SKRectI.Intersect(region, new SKRectI(roi.Left, roi.Top, roi.Right, roi.Bottom));
        if (region.IsEmpty)
            return new FoundFaces([], 0);

        var upright = await DetectAsync(image, region);
        if (!autoRotate || upright.Faces.Count > 0)
            return upright;
        // The detector also finds some faces upside down or sideways, with worse boxes: the turn it is surest of wins.
        var best = new FoundFaces([], 0);
        foreach (var degrees in QuarterTurn.Retries)
        {
            using var turn = new QuarterTurn(image, degrees);
            var found = await DetectAsync(turn.Image, turn.ToTurned(region));
            if (found.Faces.Count > 0 && (best.Faces.Count == 0 || found.Faces.Max(f => f.Score) > best.Faces.Max(f => f.Score)))
                best = found with { Faces = [.. found.Faces.Select(f => f with { Box = turn.ToOriginal(f.Box), Landmarks = turn.ToOriginal(f.Landmarks) })] };
        }
        return best;
    }

    private async Task<FoundFaces> DetectAsync(DecodedImage image, SKRectI region)
    {
        using var activity = VisionActivity.Start("detect");
        var found = (await detector.DetectAsync(image, region)).Select(c => (Box: Square(c.Box), c.Score))
            .OrderByDescending(b => b.Box.Width * b.Box.Height).ToList();
        var boxes = found.Take(options.MaxFaces).ToList();
        var points = await Task.WhenAll(boxes.Select(b => landmarks.FivePointsAsync(image, b.Box)));
        return new FoundFaces(
        [
            .. boxes.Select((b, i) => new DetectedFace(ToBox(b.Box), b.Score, points[i], FaceSharpness.Of(image, ToBox(b.Box))))
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
