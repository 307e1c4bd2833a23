namespace Vision.Alignment;

/// <summary>The "Alignment" configuration section: how the 68 landmarks become the five points the facen's template is
/// fitted to, and how tightly the template frames the face. The defaults are the best measured on LFW (MODELS.md,
/// "Accuracy on LFW"); the other values are the variants measured there, kept so that the table can be rerun.</summary>
public sealed record AlignmentOptions
{
    public const string Section = "Alignment";

    /// <summary>Which landmarks make each eye's point.</summary>
    public EyePoints Eyes { get; init; } = EyePoints.Lids;

    /// <summary>Run the landmarks a second time on a square re-centred and re-sized around the first run's points: the
    /// detector's box is loose and off-centre on some faces, the landmark model was trained on tighter ones.</summary>
    public bool RefineBox { get; init; }

    /// <summary>How large the face is drawn in the aligned crop, relative to the ArcFace template (below 1: more margin). A
    /// prenormalized face is taken to be drawn at scale 1, as the normalized faces of the default are.</summary>
    public float Scale { get; init; } = 1;

    /// <summary>Which landmarks make each mouth corner's point.</summary>
    public MouthPoints Mouth { get; init; } = MouthPoints.OuterAndInner;

    /// <summary>How the photo is resampled into the aligned crop.</summary>
    public AlignmentSampling Sampling { get; init; } = AlignmentSampling.NearestMipmap;
}

/// <summary>The 68-point landmarks a mouth corner's alignment point is the mean of.</summary>
public enum MouthPoints
{
    /// <summary>The outer and the inner lip corner (48 and 60 on the left).</summary>
    OuterAndInner,

    /// <summary>The outer lip corner alone (48 on the left), as 5-point detectors mark it.</summary>
    Outer,
}

/// <summary>How the aligned crop samples the photo: every crop shares the photo's mipmaps, built once.</summary>
public enum AlignmentSampling
{
    /// <summary>Bilinear from the nearest mipmap level, as every other crop (the cheapest).</summary>
    NearestMipmap,

    /// <summary>Bilinear between the two nearest mipmap levels: no jump to a level of half the resolution when the face is
    /// shrunk by a bit more than 1.4.</summary>
    LinearMipmap,

    /// <summary>Bilinear from the full-resolution photo.</summary>
    Full,

    /// <summary>Mitchell's cubic from the full-resolution photo: smoother where a small face is enlarged into the crop.</summary>
    Cubic,
}

/// <summary>The 68-point landmarks (iBUG 300-W order) an eye's alignment point is the mean of.</summary>
public enum EyePoints
{
    /// <summary>The four eyelid points (37, 38, 40, 41 for the left eye).</summary>
    Lids,

    /// <summary>The two eye corners (36 and 39): the centre of the eye's width, at the height of its corners.</summary>
    Corners,

    /// <summary>All six eye contour points.</summary>
    Contour,
}
