namespace WebUi.Tests;

/// <summary>Labelled news photos with several photos per person (the LFW development set, /work/shared/data/lfw-dev;
/// FACEPIPE_LFW names another img/ folder). The registries serve no such set, so the specs that need it skip without it.</summary>
public static class LfwPhotos
{
    public static readonly string Dir = Environment.GetEnvironmentVariable("FACEPIPE_LFW") ?? "/work/shared/data/lfw-dev/img";

    public static bool Available => Directory.Exists(Dir);

    /// <summary>The first <paramref name="count"/> persons by name that have at least two photos: their first and second photo.</summary>
    public static IReadOnlyList<(string Person, string First, string Second)> PersonsWithTwoPhotos(int count) =>
    [
        .. Directory.EnumerateFiles(Dir, "*_0002.jpg")
            .Select(second => (Person: Path.GetFileName(second)[..^"_0002.jpg".Length], Second: second))
            .Select(p => (p.Person, First: Path.Combine(Dir, p.Person + "_0001.jpg"), p.Second))
            .Where(p => File.Exists(p.First))
            .OrderBy(p => p.Person, StringComparer.Ordinal)
            .Take(count),
    ];
}
