using MassEnroll.Jobs;

namespace MassEnroll.Prepare;

/// <summary>
/// <c>prepare [IMAGES]...</c> (spec 8.5): the images the patterns match, each once, with its meta string, into the job file, or
/// with <c>--split N</c> into N job files (<c>JOB.1</c> ... <c>JOB.N</c>) of nearly equal size that together hold every image once.
/// An image already in the file being written keeps its key and state (and its meta once done), so preparing again never makes a run enroll it twice.
/// </summary>
public static class PrepareCommand
{
    public static int Run(string jobPath, IReadOnlyList<string> patterns, MetaSource meta, int? split, TextWriter output)
    {
        if (patterns.Count == 0)
            throw new UsageException("Name the images to prepare, e.g. prepare '*.jpg' 'photos/**/*.png'.");
        if (split is < 1)
            throw new UsageException($"--split must be 1 or more, not {split}.");

        var images = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            output.WriteLine($"Looking for images matching '{pattern}'");
            var matched = ImagePattern.Expand(pattern);
            if (matched.Count == 0)
                throw new UsageException($"No file matches '{pattern}'.");
            images.AddRange(matched.Where(seen.Add));
        }
        output.WriteLine($"{images.Count} files prepared for upload");

        var parts = split ?? 1;
        for (var part = 0; part < parts; part++)
        {
            var path = split is null ? jobPath : $"{jobPath}.{part + 1}";
            var earlier = Earlier(path);
            // Image i goes to part i mod N: each part gets images from every folder, and about as many.
            var job = new JobFile(images.Where((_, i) => i % parts == part)
                .Select(image => earlier.GetValueOrDefault(image) switch
                {
                    { State: ImageState.Done } done => done,
                    { } known => known with { Meta = meta.MetaOf(image) },
                    null => new JobImage(image, meta.MetaOf(image), Guid.NewGuid().ToString("N")),
                })
                .ToList());
            job.Save(path);
            output.WriteLine($"{job.Images.Count} files in job file {path}");
        }
        return ExitCodes.Done;
    }

    private static Dictionary<string, JobImage> Earlier(string path) =>
        File.Exists(path) ? JobFile.Load(path).Images.ToDictionary(image => image.Image, StringComparer.Ordinal) : [];
}
