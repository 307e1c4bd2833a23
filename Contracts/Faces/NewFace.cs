using Contracts.Embedding;
using Contracts.Images;

namespace Contracts.Faces;

/// <summary>A face to store: its id, where it is on the photo, what the embed stage made of it, and the client's data.</summary>
/// <param name="Person">The person search's outcome; null when the face is not identified as a person.</param>
public sealed record NewFace(
    long FaceId,
    Box Box,
    FaceDescription Description,
    FaceEnrollment Enrollment,
    PersonMatch? Person);

/// <summary>A new face's person: it is indexed in <paramref name="Space"/> and joins the person of
/// <paramref name="ReferenceFaceId"/>, or starts one when that is null.</summary>
/// <param name="Similarity">The cosine of the face with its reference face: how surely it is that person; null without one.</param>
public sealed record PersonMatch(string Space, long? ReferenceFaceId, float? Similarity = null);
