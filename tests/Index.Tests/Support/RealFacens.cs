using TestSupport;

namespace Index.Tests.Support;

/// <summary>Facens the real model makes of the test photos and of edited copies of each (what another photo of the same
/// person gives: cosines of 0.8 to 0.99 between copies, where int8 similarities tie).</summary>
public static class RealFacens
{
    private static readonly string[] Sources = [.. Photos.Portraits.Keys, "sample1.jpg", "sample2.jpg", "sample3.jpg"];

    private static readonly Func<byte[], byte[]>[] Copies =
    [
        photo => photo,
        photo => PhotoEdits.Crop(photo, 0.05f),
        photo => PhotoEdits.Reencode(photo, 40),
        photo => PhotoEdits.Brighten(photo, 1.2f, 10),
        photo => PhotoEdits.Resize(photo, 0.7f),
    ];

    public static async Task<List<float[]>> OfTestPhotosAsync()
    {
        using var engine = new FaceEngine();
        var facens = new List<float[]>();
        foreach (var name in Sources)
        {
            var photo = Photos.Bytes(name);
            foreach (var copy in Copies)
                facens.AddRange((await engine.DescribeAsync(copy(photo))).Select(face => face.Description.Facen!));
        }
        return facens;
    }
}
