namespace Contracts.Faces;

/// <summary>What to do when a photo (or a box on it) holds several faces: the spec's <c>mf_selector</c>.</summary>
public enum FaceSelector
{
    /// <summary>Take the biggest face; the default.</summary>
    Biggest,

    /// <summary>Take every face.</summary>
    All,

    /// <summary>Refuse the photo, listing the faces found.</summary>
    Reject,
}
