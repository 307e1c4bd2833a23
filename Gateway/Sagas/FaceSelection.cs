using Contracts.Detection;
using Contracts.Faces;
using Contracts.Images;

namespace Gateway.Sagas;

/// <summary>The spec's <c>mf_selector</c> and <c>bbox</c> rules: which detected faces a call goes on with.</summary>
public static class FaceSelection
{
    /// <param name="faces">Detected faces, largest first.</param>
    /// <param name="dropped">Smaller faces the detector's face limit left out.</param>
    /// <returns>The faces to go on with, or the rejection when the selector refuses several faces, or wants every face and
    /// some were left out.</returns>
    public static (IReadOnlyList<DetectedFace> Faces, ProcessPhotoRejected? Rejection) Pick(
        IReadOnlyList<DetectedFace> faces, int dropped, IReadOnlyList<Box>? boxes, FaceSelector selector)
    {
        if (dropped > 0 && selector == FaceSelector.All)
            return ([], new ProcessPhotoRejected(ProcessPhotoRejected.OverFaceLimit,
                $"The photo holds {faces.Count + dropped} faces, more than the {faces.Count} this server describes (Nnd:MaxFaces).", null));
        // A face belongs to a box when its centre lies inside it; each box then gets the selector on its own.
        IEnumerable<IReadOnlyList<DetectedFace>> groups = boxes is null
            ? [faces]
            : boxes.Select(box => (IReadOnlyList<DetectedFace>)faces.Where(face => Contains(box, face.Box)).ToList());

        var picked = new List<DetectedFace>();
        foreach (var group in groups)
        {
            if (selector == FaceSelector.Reject && group.Count > 1)
                return ([], new ProcessPhotoRejected(ProcessPhotoRejected.TooManyFaces, $"Too many faces: {group.Count}",
                    group.Select(face => face.Box).ToList()));
            picked.AddRange(selector == FaceSelector.All ? group : group.Take(1));
        }
        return (picked.Distinct().ToList(), null);
    }

    private static bool Contains(Box box, Box face)
    {
        var x = (face.Left + face.Right) / 2.0;
        var y = (face.Top + face.Bottom) / 2.0;
        return x >= Math.Min(box.Left, box.Right) && x <= Math.Max(box.Left, box.Right)
               && y >= Math.Min(box.Top, box.Bottom) && y <= Math.Max(box.Top, box.Bottom);
    }
}
