using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Contracts.Index;
using Gateway.Uploads;

namespace Gateway.Storage;

/// <summary>A face an enrollment stores: its id, where it is on the photo, what the embed stage made of it, its files, and the
/// client's data.</summary>
/// <param name="Person">The person search's outcome; null when the face is not identified as a person.</param>
public sealed record NewFace(
    long FaceId,
    Box Box,
    FaceDescription Description,
    FaceFiles Files,
    FaceEnrollment Enrollment,
    PersonMatch? Person);

/// <summary>A new face's person: it is indexed in <paramref name="Space"/> and joins the person of the first of
/// <paramref name="References"/> (the space's matches, best first, spare ones included) that the store holds, or
/// starts one when it holds none; that match's similarity is how surely it is that person.</summary>
public sealed record PersonMatch(string Space, IReadOnlyList<FacenMatch> References);
