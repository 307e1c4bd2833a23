using System.Security.Cryptography;

namespace Gateway.Storage;

/// <summary>
/// The capture key each face of one enrollment is stored under. A key is unique among faces, and one enrollment
/// (<c>mf_selector</c> <c>all</c>) may store several: the first face takes the enrollment's key as it is, so a capture of
/// the video detector (one face) keeps its key, and each further face a key derived from it and its place.
/// </summary>
public static class CaptureKeys
{
    public static Guid OfFace(Guid enrollmentKey, int place)
    {
        if (place == 0)
            return enrollmentKey;
        Span<byte> seed = stackalloc byte[20];
        enrollmentKey.TryWriteBytes(seed);
        BitConverter.TryWriteBytes(seed[16..], place);
        return new Guid(SHA256.HashData(seed).AsSpan(0, 16));
    }

    /// <summary>The faces one enrollment stored, in its order: those of its key's places until the first missing.</summary>
    public static async Task<IReadOnlyList<StoredFace>> FindEnrolledAsync(this IFaceStore store, Guid enrollmentKey,
        CancellationToken cancellationToken)
    {
        var faces = new List<StoredFace>();
        while (await store.FindCapturedAsync(OfFace(enrollmentKey, faces.Count), cancellationToken) is { } face)
            faces.Add(face);
        return faces;
    }
}
