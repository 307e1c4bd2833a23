using System.Globalization;
using TestSupport;

namespace Calibration.Lfw;

/// <summary><c>gallery lfw</c>: the facens of every LFW photo and of edited copies of it (mirrored and cropped; JPEG quality 40
/// and brighter), written as one file for the cluster's mated-face recall (tests/Benchmarks <c>-- redis-index real=FILE</c>):
/// real people's faces to mix into the synthetic gallery, several photos per person for many of them.</summary>
/// <remarks>One line per photo with a face: <c>image name, edit ("" for the photo itself), 512 floats in base64</c>, tab-separated.</remarks>
public static class LfwGallery
{
    /// <summary>The edits, two per photo so that each covers two of the changes a camera or an upload makes.</summary>
    public static readonly (string Name, Func<byte[], byte[]> Apply)[] Edits =
    [
        ("mirror-crop", photo => PhotoEdits.Crop(PhotoEdits.Mirror(photo), 0.08f)),
        ("jpeg40-brighter", photo => PhotoEdits.Brighten(PhotoEdits.Reencode(photo, 40), 1.25f, 0.06f)),
    ];

    public static async Task<int> RunAsync(LfwFacens extraction, LfwSet set, string outputPath, TextWriter output)
    {
        var photos = set.Images.Select(image => (Name: image + "\t", Photo: (Func<byte[]>)(() => File.ReadAllBytes(set.PathOf(image)))))
            .Concat(set.Images.SelectMany(image => Edits.Select(edit =>
                (Name: image + "\t" + edit.Name, Photo: (Func<byte[]>)(() => edit.Apply(File.ReadAllBytes(set.PathOf(image))))))))
            .ToList();
        var (facens, times) = await extraction.ExtractAsync(photos, output);
        await using (var write = new StreamWriter(outputPath))
            foreach (var (name, facen) in facens.Where(face => face.Value is not null).OrderBy(face => face.Key, StringComparer.Ordinal))
                await write.WriteLineAsync(name + "\t" + Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(facen!.AsSpan())));
        var found = facens.Count(face => face.Value is not null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{found} of {facens.Count} photos and edited copies with a face ({times.Count} extracted now, the rest cached) -> {outputPath}"));
        return 0;
    }
}
