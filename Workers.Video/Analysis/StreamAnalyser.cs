using System.Threading.Channels;
using Contracts.Detection;
using Contracts.Images;
using Microsoft.Extensions.Logging;
using Vision.Detection;
using Workers.Video.BestFace;
using Workers.Video.Cameras;
using Workers.Video.Capture;
using Workers.Video.Configuration;

namespace Workers.Video.Analysis;

/// <summary>The frames of one connection to a camera, in order: motion gating, face detection inside <c>rot</c>,
/// tracking, and the best-face choice of each track; chosen snapshots go to <paramref name="chosen"/>. With motion gating
/// faces are looked for only where the picture moved and around the faces being tracked: where people come and go that is a
/// fraction of the frame, and the detector's cost follows the area it covers.</summary>
public sealed class StreamAnalyser(Camera camera, VideoOptions options, FaceDetection detection, StreamStats stats,
    ChannelWriter<FaceSnapshot> chosen, ILogger logger)
{
    private readonly Box? _rot = camera.Rot ?? options.Rot;
    private readonly Box? _roi = camera.Roi ?? options.Roi;
    private readonly MotionDetector _motion = new(options.Scale, camera.Rot ?? options.Rot);
    private readonly FaceTracker _tracker = new(options.MaxPersons, () => options.Realtime
        ? new RealtimeChoice(options.MinScore, options.RtScoreStep, options.RtDelay, options.RtRefresh)
        : new OfflineChoice());

    public async Task AnalyseAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        var motion = options.MdThreshold == 0 ? (Motion?)null : _motion.Measure(frame);
        var moving = motion is not { } measured || measured.Intensity > options.MdThreshold;
        stats.Analysed(moving);
        // Once a face is tracked it is followed even when it stands still, until it leaves.
        if (moving || _tracker.HasTracks)
        {
            var shared = SharedFrame.From(frame);
            try
            {
                var faces = await detection.FindAsync(shared.Image, DetectionRegion(motion, moving, frame), Detectors.Nnd);
                stats.Detected();
                foreach (var (track, face) in _tracker.Update(faces, frame.Time))
                {
                    var quality = FaceQuality.Of(face, frame.Width, frame.Height);
                    logger.LogDebug("Frame {Frame}: track {Track} at {Box}, score {Score:F2}, direction {Direction:F2}", frame.Index, track.Id,
                        face.Box, quality.Score, quality.DirectionScore);
                    if (IsEligible(face.Box, quality))
                        await SendAsync(track.Choice.Offer(new FaceSnapshot(shared, face, quality)), cancellationToken);
                }
            }
            finally
            {
                shared.Release();
            }
        }
        foreach (var track in _tracker.EndLost(frame.Time))
        {
            logger.LogDebug("Frame {Frame}: track {Track} ended", frame.Index, track.Id);
            await SendAsync(track.Choice.Finish(), cancellationToken);
        }
    }

    /// <summary>The connection ended: every face has left.</summary>
    public async Task EndAsync(CancellationToken cancellationToken)
    {
        foreach (var track in _tracker.EndAll())
            await SendAsync(track.Choice.Finish(), cancellationToken);
    }

    // A face is within this share of the frame's smaller side of the motion it makes (a head over a moving body).
    private const int MotionMarginDivisor = 8;

    /// <summary>Where to look for faces: <c>rot</c> without motion gating; with it, the moved area and the tracked faces'
    /// predicted boxes, each grown (by the margin, and by a box's own size, which is more than a face moves between frames),
    /// within <c>rot</c>.</summary>
    private Box? DetectionRegion(Motion? motion, bool moving, VideoFrame frame)
    {
        if (motion is not { } measured)
            return _rot;
        var margin = Math.Min(frame.Width, frame.Height) / MotionMarginDivisor;
        var areas = _tracker.PredictedAt(frame.Time).Select(box => Grow(box, Math.Max(box.Width, box.Height))).ToList();
        if (moving && measured.Region is { } moved)
            areas.Add(Grow(moved, margin));
        if (areas.Count == 0)
            return _rot;
        var region = areas.Aggregate((a, b) => new Box(Math.Min(a.Left, b.Left), Math.Min(a.Top, b.Top), Math.Max(a.Right, b.Right), Math.Max(a.Bottom, b.Bottom)));
        return _rot is { } rot
            ? new Box(Math.Max(region.Left, rot.Left), Math.Max(region.Top, rot.Top), Math.Min(region.Right, rot.Right), Math.Min(region.Bottom, rot.Bottom))
            : region;
    }

    private static Box Grow(Box box, int by) => new(box.Left - by, box.Top - by, box.Right + by, box.Bottom + by);

    /// <summary>The posting filters: <c>roi</c> (the face's centre), <c>min-face-size</c> (minor side),
    /// <c>max-face-size</c> (major side), <c>min-score</c> and <c>min-dir-score</c>.</summary>
    private bool IsEligible(Box box, FaceQuality quality)
    {
        var (centreX, centreY) = ((box.Left + box.Right) / 2, (box.Top + box.Bottom) / 2);
        return (_roi is not { } roi || (centreX >= roi.Left && centreX < roi.Right && centreY >= roi.Top && centreY < roi.Bottom))
               && Math.Min(box.Width, box.Height) >= options.MinFaceSize
               && (options.MaxFaceSize == 0 || Math.Max(box.Width, box.Height) <= options.MaxFaceSize)
               && quality.Score > options.MinScore
               && quality.DirectionScore >= options.MinDirScore;
    }

    private async Task SendAsync(IReadOnlyList<FaceSnapshot> snapshots, CancellationToken cancellationToken)
    {
        foreach (var snapshot in snapshots)
            await chosen.WriteAsync(snapshot, cancellationToken);
    }
}
