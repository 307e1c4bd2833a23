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

    /// <summary>How large the face is drawn in the aligned crop, relative to the ArcFace template (below 1: more margin).</summary>
    public float Scale { get; init; } = 1;
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
