using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Images;
using Gateway.Storage;
using Gateway.Uploads;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;

namespace Gateway.Maintenance;

/// <summary>A stored face's facen made again by the facen model now configured (Models:Facen), from the images kept under the
/// uploads folder: its normalized face when there (the aligned face, so detection plays no part), else its original photo,
/// detected again, taking the face whose box overlaps the stored one most.</summary>
public sealed class FaceReextraction(UploadStore uploads, ImageDecoder decoder, FaceDetection detection, FaceDescriber describer)
{
    // A face detected again must overlap the stored box this much to be taken for it.
    private const float MinOverlap = 0.5f;

    public async Task<Reextracted> ExtractAsync(StoredFace face, CancellationToken cancellationToken)
    {
        var normalized = face.Normalized is null ? null : Path.Combine(uploads.Root, face.Normalized);
        var photo = Path.Combine(uploads.Root, face.Photo);
        var (file, detector) = normalized is not null && File.Exists(normalized) ? (normalized, Detectors.Prenormalized)
            : File.Exists(photo) ? (photo, Detectors.Nnd)
            : default;
        if (file is null)
            return Skipped($"neither its normalized face ({face.Normalized ?? "none stored"}) nor its photo ({face.Photo}) is in {uploads.Root}");
        try
        {
            using var image = decoder.Decode(await File.ReadAllBytesAsync(file, cancellationToken));
            var found = await detection.FindAsync(image, roi: null, detector);
            // A normalized face is the one face of its image; in a photo, the face is the one found where it was before.
            var same = detector == Detectors.Prenormalized ? found[0]
                : found.Where(other => FaceCandidate.IntersectionOverUnion(face.Box, other.Box) >= MinOverlap).MaxBy(other => FaceCandidate.IntersectionOverUnion(face.Box, other.Box));
            if (same is null)
                return Skipped($"no face of its photo {face.Photo} is where it was found");
            var description = await describer.DescribeAsync(image, same, FaceAttributes.Facen);
            return new Reextracted(face, description.Facen, description.FacenModel, Skipped: null);
        }
        catch (ImageRejectedException e)
        {
            return Skipped($"{Path.GetRelativePath(uploads.Root, file)} is unreadable ({e.Message})");
        }

        Reextracted Skipped(string why) => new(face, Facen: null, Model: null, why);
    }
}

/// <summary>A stored face's new facen and the name of the model that made it, or why it has none.</summary>
public sealed record Reextracted(StoredFace Face, float[]? Facen, string? Model, string? Skipped);
