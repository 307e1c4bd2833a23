namespace Vision.Detection;

/// <summary>Settings of the face detector (FindFace's nnd section).</summary>
public sealed record DetectorOptions
{
    /// <summary>Smallest face side, in pixels, that detection guarantees (nnd.min_face_size; the spec's 50x50 limit). Smaller faces
    /// cost more: the detector runs on finer, tiled scales until such a face is large enough for it.</summary>
    public int MinFaceSize { get; init; } = 50;

    /// <summary>Candidates below this detector confidence are dropped (0.9: no false face on the registry photos, see MODELS.md).</summary>
    public float MinScore { get; init; } = 0.9f;

    /// <summary>Candidates overlapping a stronger one by more than this intersection-over-union are the same face.</summary>
    public float NmsIou { get; init; } = 0.4f;

    /// <summary>Most faces described per image (<c>Nnd:MaxFaces</c>): the largest are kept, and a call that wants every face
    /// of a photo with more is refused, so that one crowd photo cannot hold the models for minutes.</summary>
    public int MaxFaces { get; init; } = DefaultMaxFaces;

    public const int DefaultMaxFaces = 100;

    /// <summary>Smallest face side, in detector input pixels, that the model finds reliably (measured, see MODELS.md).</summary>
    public int ModelMinFace { get; init; } = 16;
}
