namespace Contracts.Faces;

/// <summary>The captured face is stored.</summary>
/// <param name="PersonId">Its person (spec 8.2), when dynamic person creation is on.</param>
public sealed record CaptureFaceResult(long FaceId, long? PersonId);
