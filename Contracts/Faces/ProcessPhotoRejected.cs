using Contracts.Images;

namespace Contracts.Faces;

/// <summary>Why a photo could not be processed.</summary>
/// <param name="Code">CAPS_AND_UNDERSCORES, e.g. IMAGE_DECODING_FAILED, or <see cref="TooManyFaces"/>.</param>
/// <param name="Faces">For <see cref="TooManyFaces"/>: every face found.</param>
public sealed record ProcessPhotoRejected(string Code, string Reason, IReadOnlyList<Box>? Faces)
{
    /// <summary>The selector was <see cref="FaceSelector.Reject"/> and there was more than one face.</summary>
    public const string TooManyFaces = "TOO_MANY_FACES";

    /// <summary>Every face was asked for and the photo holds more than the server describes (<c>Nnd:MaxFaces</c>).</summary>
    public const string OverFaceLimit = "OVER_FACE_LIMIT";

    /// <summary>A stage failed on the photo (its consumer faulted).</summary>
    public const string StageFailed = "STAGE_FAILED";

    /// <summary>A stage did not answer within <c>Pipeline:StageTimeout</c>.</summary>
    public const string StageTimedOut = "STAGE_TIMED_OUT";
}
