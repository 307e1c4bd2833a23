using System.Numerics.Tensors;
using System.Text.Json;
using Contracts.Embedding;
using Contracts.Images;
using SkiaSharp;
using TestSupport;

namespace Calibration;

/// <summary>One face found in a calibration photo, with the cosines between it and edited copies of it (the genuine pairs).</summary>
public sealed record CalibrationFace(string Id, string Source, Box Box, float Score, float[] Facen, IReadOnlyDictionary<string, float> Edits);

/// <summary>Finds every face of the listed photos, describes it, and re-finds it in edited copies of a portrait cut around it.</summary>
public sealed class FaceExtraction(FaceEngine engine, string cropsDir)
{
    /// <summary>Edits a camera or an upload pipeline makes; the same face after them is the only same-person evidence the
    /// registries give (none ships one person in several photos).</summary>
    private static readonly (string Name, Func<byte[], byte[]> Apply)[] EditsOfAPortrait =
    [
        ("half size", p => PhotoEdits.Resize(p, 0.5f)),
        ("jpeg quality 40", p => PhotoEdits.Reencode(p, 40)),
        ("crop", p => PhotoEdits.Crop(p, 0.1f)),
        ("brighter", p => PhotoEdits.Brighten(p, 1.3f, 0.08f)),
        ("shifted", p => PhotoEdits.ShiftRight(p, 60)),
    ];

    public async Task<List<CalibrationFace>> ExtractAsync(string photoPath, string source)
    {
        var photo = await File.ReadAllBytesAsync(photoPath);
        var found = new List<CalibrationFace>();
        foreach (var (face, description) in await engine.DescribeAsync(photo, FaceAttributes.Facen | FaceAttributes.Normalized))
        {
            var id = $"{source}/{Path.GetFileName(photoPath)}#{found.Count}";
            await File.WriteAllBytesAsync(Path.Combine(cropsDir, id.Replace('/', '_') + ".png"), description.Normalized!);
            var portrait = Portrait(photo, face.Box);
            var edits = new Dictionary<string, float>();
            foreach (var (name, apply) in EditsOfAPortrait)
            {
                var edited = apply(portrait);
                // The face nearest the centre of a portrait cut around it is that face (a neighbour of a group photo may be
                // larger); a face the detector loses after the edit is left out.
                var refound = await engine.DescribeAsync(edited);
                if (refound.Count > 0)
                    edits[name] = TensorPrimitives.Dot(description.Facen!, refound.MinBy(f => DistanceFromCentre(edited, f.Face.Box)).Description.Facen!);
            }
            found.Add(new CalibrationFace(id, source, face.Box, face.Score, description.Facen!, edits));
        }
        return found;
    }

    private static float DistanceFromCentre(byte[] photo, Box box)
    {
        using var codec = SKCodec.Create(new MemoryStream(photo));
        return float.Hypot((box.Left + box.Right - codec.Info.Width) / 2f, (box.Top + box.Bottom - codec.Info.Height) / 2f);
    }

    /// <summary>The face box widened three times around its centre, as a JPEG: a portrait of that one face.</summary>
    private static byte[] Portrait(byte[] photo, Box box)
    {
        using var image = SKImage.FromEncodedData(photo);
        var (cx, cy, half) = ((box.Left + box.Right) / 2, (box.Top + box.Bottom) / 2, Math.Max(box.Width, box.Height) * 3 / 2);
        var area = SKRectI.Intersect(new SKRectI(cx - half, cy - half, cx + half, cy + half), new SKRectI(0, 0, image.Width, image.Height));
        using var subset = image.Subset(area);
        using var data = subset.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    public static void Save(string path, IEnumerable<CalibrationFace> faces) =>
        File.WriteAllText(path, JsonSerializer.Serialize(faces, Json.Options));

    public static List<CalibrationFace> Load(string path) =>
        JsonSerializer.Deserialize<List<CalibrationFace>>(File.ReadAllText(path), Json.Options)!;
}
