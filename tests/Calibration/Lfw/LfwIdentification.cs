using Contracts.Index;
using Workers.Index.Exact;

namespace Calibration.Lfw;

/// <summary>1:N identification as NIST FRVT reports it, on the standalone deployment's exact index: a gallery of one photo per
/// person (the lowest-numbered; people with one photo are the distractors), every other photo a mated probe. A probe's
/// non-mated search is the same search without its own person's face: its best score among the other people.</summary>
public static class LfwIdentification
{
    public static readonly double[] ReportedFalsePositiveRates = [1e-2, 1e-3];

    /// <summary>Rank-5 hits, and one more candidate to read the best non-mate when the mate is among them.</summary>
    public const int Candidates = 6;

    public static async Task<IdentificationResult> RunAsync(IReadOnlyDictionary<string, float[]?> facens)
    {
        var byPerson = facens.Where(f => f.Value is not null).GroupBy(f => LfwSet.PersonOf(f.Key))
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value!).ToList());
        var people = byPerson.Keys.Order(StringComparer.Ordinal).ToList();
        using var index = new ExactFaceIndex();
        await index.AddAsync([.. people.Select((person, id) => new IndexedFacen(id, byPerson[person][0], []))]);

        var searches = new List<ProbeSearch>();
        foreach (var (person, id) in people.Select((p, i) => (p, (long)i)))
        foreach (var probe in byPerson[person].Skip(1))
        {
            var found = (await index.SearchShardsAsync([probe], GalleryNames.Default, Candidates, -1f, strict: null)).Matches[0];
            var rank = found.Select(m => m.FaceId).ToList().IndexOf(id) + 1;
            searches.Add(new ProbeSearch(rank, rank > 0 ? found[rank - 1].Similarity : float.NegativeInfinity,
                found.First(m => m.FaceId != id).Similarity));
        }
        return new IdentificationResult(people.Count, people.Count(p => byPerson[p].Count == 1), searches);
    }
}

/// <param name="Rank">The mate's rank among the best candidates, 0 when it is not among them.</param>
public sealed record ProbeSearch(int Rank, float MateScore, float BestNonMateScore);

public sealed record IdentificationResult(int Gallery, int Distractors, IReadOnlyList<ProbeSearch> Searches)
{
    public double HitRate(int rank) => Searches.Count(s => s.Rank is > 0 and var r && r <= rank) / (double)Searches.Count;

    /// <summary>The share of non-mated searches with a candidate at or above the threshold.</summary>
    public double Fpir(float threshold) => Searches.Count(s => s.BestNonMateScore >= threshold) / (double)Searches.Count;

    /// <summary>The share of mated searches whose mate is not the first candidate at or above the threshold.</summary>
    public double Fnir(float threshold) => Searches.Count(s => s.Rank != 1 || s.MateScore < threshold) / (double)Searches.Count;

    /// <summary>The lowest threshold whose FPIR is at most <paramref name="fpir"/>.</summary>
    public float ThresholdAtFpir(double fpir)
    {
        var nonMates = Searches.Select(s => s.BestNonMateScore).OrderDescending().ToList();
        var allowed = (int)Math.Floor(fpir * nonMates.Count);
        return allowed < nonMates.Count ? MathF.BitIncrement(nonMates[allowed]) : float.NegativeInfinity;
    }
}
