using System.Numerics.Tensors;
using Contracts.Images;
using Vision.Alignment;
using Vision.Embedding;
using Workers.Video.Analysis;
using Workers.Video.Configuration;

namespace Workers.Video.Posting;

/// <summary><c>post-uniq</c> for one camera (spec 5.3): a chosen face is compared with the faces the camera posted within
/// <c>uc-max-time-diff</c> before it whose boxes lie within <c>uc-max-avg-shift</c> pixels of its own; it is posted unless
/// <c>uc-max-dup</c> of them are like it (the same person by their facens).</summary>
/// <param name="minCosine">The facen cosine from which two faces are one person.</param>
public sealed class UniqueFaceFilter(FacenModel model, float minCosine, VideoOptions options)
{
    private sealed record Posted(DateTimeOffset Time, Box Box, float[] Facen);

    private readonly List<Posted> _posted = [];

    /// <summary>True when the face is to be posted; it then counts as posted from its frame's time.</summary>
    public async Task<bool> AdmitAsync(FaceSnapshot snapshot)
    {
        float[] facen;
        using (var aligned = FaceAligner.Align(snapshot.Frame.Image, snapshot.Face.Landmarks))
            facen = await model.ExtractAsync(aligned);
        lock (_posted)
        {
            _posted.RemoveAll(p => snapshot.Time - p.Time >= options.UcMaxTimeDiff);
            var alike = _posted.Count(p => AverageShift(p.Box, snapshot.Box) <= options.UcMaxAvgShift
                                           && TensorPrimitives.Dot(p.Facen, facen) >= minCosine);
            if (alike >= options.UcMaxDup)
                return false;
            _posted.Add(new Posted(snapshot.Time, snapshot.Box, facen));
            return true;
        }
    }

    /// <summary>How far the box's four sides moved, on average, in pixels.</summary>
    private static double AverageShift(Box a, Box b) =>
        (Math.Abs(a.Left - b.Left) + Math.Abs(a.Top - b.Top) + Math.Abs(a.Right - b.Right) + Math.Abs(a.Bottom - b.Bottom)) / 4.0;
}
