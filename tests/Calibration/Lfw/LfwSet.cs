namespace Calibration.Lfw;

/// <summary>LFW's verification protocol over a folder of its photos: <c>pairs.txt</c> in blocks of 600 lines per fold
/// (300 same-person lines <c>name i j</c>, then 300 different-person lines <c>name1 i name2 j</c>) and
/// <c>img/&lt;name&gt;_&lt;NNNN&gt;.jpg</c>.</summary>
public sealed record LfwSet(string Dir, IReadOnlyList<string> Images, IReadOnlyList<IReadOnlyList<LfwPair>> Folds)
{
    private const int PairsPerFold = 600;

    public static LfwSet Read(string dir)
    {
        var images = Directory.GetFiles(Path.Combine(dir, "img"), "*.jpg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var pairs = File.ReadLines(Path.Combine(dir, "pairs.txt")).Select(l => l.Split('\t')).Where(f => f.Length is 3 or 4)
            .Select(f => f.Length == 3
                ? new LfwPair(ImageName(f[0], f[1]), ImageName(f[0], f[2]), SamePerson: true)
                : new LfwPair(ImageName(f[0], f[1]), ImageName(f[2], f[3]), SamePerson: false))
            .ToList();
        if (pairs.Count % PairsPerFold != 0)
            throw new InvalidDataException($"pairs.txt holds {pairs.Count} pairs, not whole folds of {PairsPerFold}.");
        return new LfwSet(dir, images!, [.. pairs.Chunk(PairsPerFold)]);
    }

    /// <summary>The first <paramref name="folds"/> folds and only the photos their pairs use: a sample to screen variants on.</summary>
    public LfwSet Take(int folds)
    {
        // Each fold's threshold is chosen on the others.
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var kept = Folds.Take(folds).ToList();
        var used = kept.SelectMany(f => f).SelectMany(p => new[] { p.A, p.B }).ToHashSet();
        return this with { Images = [.. Images.Where(used.Contains)], Folds = kept };
    }

    public string PathOf(string image) => Path.Combine(Dir, "img", image);

    /// <summary>The person an image shows: its file name without the <c>_NNNN.jpg</c> suffix.</summary>
    public static string PersonOf(string image) => image[..image.LastIndexOf('_')];

    private static string ImageName(string person, string number) => $"{person}_{int.Parse(number):D4}.jpg";
}

/// <summary>Two images of the protocol and whether they show one person.</summary>
public sealed record LfwPair(string A, string B, bool SamePerson);
