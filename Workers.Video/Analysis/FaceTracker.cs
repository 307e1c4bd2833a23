using Contracts.Detection;
using Contracts.Images;
using Vision.Detection;
using Workers.Video.BestFace;

namespace Workers.Video.Analysis;

/// <summary>Follows up to <c>max-persons</c> faces at once by box overlap between consecutive detections: each face
/// joins the track whose predicted box (last box moved at the track's speed) it overlaps most; a face that joins none starts a track while there is room.</summary>
public sealed class FaceTracker(int maxPersons, Func<IBestFaceChoice> newChoice)
{
    /// <summary>Boxes overlapping less than this are different faces.</summary>
    public const float MinIou = 0.3f;

    /// <summary>A track not seen for this long of stream time, and by this many detections in a row, has left the
    /// field of view (both: a starved process may analyse one frame a second, a fast one misses a face for a frame or two).</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(1);
    public const int LostAfterDetections = 3;

    private readonly List<Track> _tracks = [];
    private long _nextId;

    public bool HasTracks => _tracks.Count > 0;

    /// <summary>Where each tracked face should be at <paramref name="time"/>.</summary>
    public IEnumerable<Box> PredictedAt(DateTimeOffset time) => _tracks.Select(track => track.PredictedAt(time));

    /// <summary>The track of each detected face (faces arrive largest first, so the largest get the free tracks).</summary>
    public IReadOnlyList<(Track Track, DetectedFace Face)> Update(IReadOnlyList<DetectedFace> faces, DateTimeOffset time)
    {
        var pairs = (
            from track in _tracks
            from face in faces
            let iou = FaceCandidate.IntersectionOverUnion(track.PredictedAt(time), face.Box)
            where iou >= MinIou
            orderby iou descending
            select (track, face)).ToList();

        var matched = new List<(Track, DetectedFace)>();
        var usedTracks = new HashSet<Track>();
        var usedFaces = new HashSet<DetectedFace>();
        foreach (var (track, face) in pairs)
        {
            if (usedTracks.Contains(track) || usedFaces.Contains(face))
                continue;
            usedTracks.Add(track);
            usedFaces.Add(face);
            track.Saw(face.Box, time);
            matched.Add((track, face));
        }
        foreach (var track in _tracks.Where(t => !usedTracks.Contains(t)))
            track.Miss();
        foreach (var face in faces.Where(f => !usedFaces.Contains(f)))
        {
            if (_tracks.Count >= maxPersons)
                break;
            var track = new Track(++_nextId, face.Box, time, newChoice());
            _tracks.Add(track);
            matched.Add((track, face));
        }
        return matched;
    }

    /// <summary>Removes and returns the tracks that have left by <paramref name="now"/>.</summary>
    public IReadOnlyList<Track> EndLost(DateTimeOffset now) =>
        End(t => now - t.LastSeen >= LostAfter && t.Missed >= LostAfterDetections);

    public IReadOnlyList<Track> EndAll() => End(_ => true);

    private List<Track> End(Func<Track, bool> ended)
    {
        var gone = _tracks.Where(ended).ToList();
        _tracks.RemoveAll(t => gone.Contains(t));
        return gone;
    }
}
