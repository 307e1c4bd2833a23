namespace Calibration;

/// <summary>What was judged by eye in same-people.tsv: faces that show one person (one line per person, ids separated
/// by tabs) and detections that are no real person's face (lines starting with "not a face").</summary>
public sealed record SamePeople(IReadOnlyList<IReadOnlyList<string>> People, IReadOnlySet<string> NotFaces)
{
    private const string NotAFace = "not a face";

    public static SamePeople Read(string path)
    {
        var lines = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        return new SamePeople(
            [.. lines.Where(l => l[0] != NotAFace).Select(l => (IReadOnlyList<string>)l)],
            lines.Where(l => l[0] == NotAFace).SelectMany(l => l.Skip(1)).ToHashSet());
    }

    /// <summary>The person of each face: its line's index, or a person of its own.</summary>
    public Func<string, string> PersonOf()
    {
        var person = People.SelectMany((ids, i) => ids.Select(id => (id, i))).ToDictionary(p => p.id, p => $"person {p.i}");
        return id => person.GetValueOrDefault(id, id);
    }
}
