using SkiaSharp;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Detection;

/// <summary>Ultra-Light-Fast RFB detector (fixed 320x240 input) run over an image pyramid: the whole region
/// letterboxed into one input, then finer scales cut into overlapping tiles until a face of
/// <see cref="DetectorOptions.MinFaceSize"/> is large enough for the model. All tiles run as one batch.</summary>
public sealed class UltraFaceDetector(OnnxModel model, DetectorOptions options)
{
    // Scale step between pyramid levels, and how much neighbouring tiles overlap (input pixels):
    // a face up to the overlap lies whole in some tile; larger ones are found on a coarser level.
    private const float LevelStep = 2f;
    private const int TileOverlap = 64;
    private const float EdgeMargin = 2f;

    private readonly record struct Tile(float Scale, float X, float Y);

    public async Task<IReadOnlyList<FaceCandidate>> DetectAsync(DecodedImage image, SKRectI region)
    {
        var input = model.Spec.Input;
        var tiles = Tiles(region);
        var outputs = await Task.WhenAll(tiles.Select(async tile =>
        {
            using var bitmap = ImageWarp.Affine(image.Image, ToTile(tile, region), input.Width, input.Height, region);
            return await model.RunAsync(bitmap);
        }));

        var candidates = new List<FaceCandidate>();
        for (var t = 0; t < tiles.Count; t++)
            candidates.AddRange(Decode(tiles[t], outputs[t][0], outputs[t][1], region));
        return FaceCandidate.Suppress(candidates, options.NmsIou);
    }

    /// <summary>How many model inputs a search of <paramref name="region"/> costs (benchmarks time that many raw runs).</summary>
    public int TileCount(SKRectI region) => Tiles(region).Count;

    private List<Tile> Tiles(SKRectI region)
    {
        var (inputWidth, inputHeight) = (model.Spec.Input.Width, model.Spec.Input.Height);
        var tiles = new List<Tile>();
        var fit = Math.Min((float)inputWidth / region.Width, (float)inputHeight / region.Height);
        var needed = (float)options.ModelMinFace / options.MinFaceSize;
        var scale = fit;
        while (true)
        {
            var (width, height) = (region.Width * scale, region.Height * scale);
            var xs = Starts(width, inputWidth);
            var ys = Starts(height, inputHeight);
            foreach (var y in ys)
            foreach (var x in xs)
                tiles.Add(new Tile(scale, x, y));
            if (scale >= needed)
                return tiles;
            scale = Math.Min(scale * LevelStep, needed);
        }
    }

    /// <summary>Tile origins along one axis so that tiles cover [0, length) with at least TileOverlap between neighbours.</summary>
    private static IReadOnlyList<float> Starts(float length, int tile)
    {
        if (length <= tile)
            return [0];
        var count = (int)Math.Ceiling((length - TileOverlap) / (tile - TileOverlap));
        var step = (length - tile) / (count - 1);
        return [.. Enumerable.Range(0, count).Select(i => i * step)];
    }

    private static SKMatrix ToTile(Tile tile, SKRectI region) =>
        SKMatrix.CreateTranslation(-region.Left, -region.Top)
            .PostConcat(SKMatrix.CreateScale(tile.Scale, tile.Scale))
            .PostConcat(SKMatrix.CreateTranslation(-tile.X, -tile.Y));

    private IEnumerable<FaceCandidate> Decode(Tile tile, float[] scores, float[] boxes, SKRectI region)
    {
        var (inputWidth, inputHeight) = (model.Spec.Input.Width, model.Spec.Input.Height);
        // Edges of the tile that lie inside the scaled region: a box touching one may be a cut face.
        var scaledWidth = region.Width * tile.Scale;
        var scaledHeight = region.Height * tile.Scale;
        var innerLeft = tile.X > 0;
        var innerTop = tile.Y > 0;
        var innerRight = tile.X + inputWidth < scaledWidth - EdgeMargin;
        var innerBottom = tile.Y + inputHeight < scaledHeight - EdgeMargin;

        for (var a = 0; a < scores.Length / 2; a++)
        {
            var score = scores[2 * a + 1];
            if (score < options.MinScore)
                continue;
            var (x1, y1) = (boxes[4 * a] * inputWidth, boxes[4 * a + 1] * inputHeight);
            var (x2, y2) = (boxes[4 * a + 2] * inputWidth, boxes[4 * a + 3] * inputHeight);
            if (x2 <= x1 || y2 <= y1
                || (innerLeft && x1 < EdgeMargin) || (innerTop && y1 < EdgeMargin)
                || (innerRight && x2 > inputWidth - EdgeMargin) || (innerBottom && y2 > inputHeight - EdgeMargin))
                continue;
            var box = new SKRect(
                region.Left + (tile.X + x1) / tile.Scale, region.Top + (tile.Y + y1) / tile.Scale,
                region.Left + (tile.X + x2) / tile.Scale, region.Top + (tile.Y + y2) / tile.Scale);
            yield return new FaceCandidate(box, score);
        }
    }
}
