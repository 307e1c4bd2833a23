using System.Runtime.InteropServices;

namespace Benchmarks.Index;

/// <summary>Facens the real model made from real photos (tests/Calibration <c>gallery lfw</c>: every LFW development photo and two
/// edited copies of it), mixed into a synthetic gallery so that a measured share of its queries are real people's faces.</summary>
/// <remarks>The queries are one photo of each of the first people (by name) with at least two photos; that photo and its edited
/// copies stay out of the gallery, so a query's mated faces are the person's other photos and their copies, as at a watch list
/// that holds a person's earlier pictures.</remarks>
public sealed class RealFaces
{
    private RealFaces(List<(string Person, string Image, float[] Facen)> gallery, List<(string Person, float[] Facen)> queries) =>
        (Gallery, Queries) = (gallery, queries);

    public IReadOnlyList<(string Person, string Image, float[] Facen)> Gallery { get; }
    public IReadOnlyList<(string Person, float[] Facen)> Queries { get; }

    public static RealFaces Read(string path, int queries)
    {
        var faces = File.ReadLines(path).Select(line => line.Split('\t')).Select(fields => (
            Image: fields[0], Edit: fields[1], Person: fields[0][..fields[0].LastIndexOf('_')],
            Facen: MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(fields[2])).ToArray())).ToList();
        var asked = faces.Where(face => face.Edit == "").GroupBy(face => face.Person)
            .Where(person => person.Select(face => face.Image).Distinct().Count() >= 2)
            .OrderBy(person => person.Key, StringComparer.Ordinal).Take(queries)
            .Select(person => person.OrderBy(face => face.Image, StringComparer.Ordinal).Last()).ToList();
        var held = asked.Select(face => face.Image).ToHashSet();
        return new RealFaces(
            [.. faces.Where(face => !held.Contains(face.Image)).Select(face => (face.Person, face.Image, face.Facen))],
            [.. asked.Select(face => (face.Person, face.Facen))]);
    }
}
