using Workers.Video.Analysis;

namespace Workers.Video.BestFace;

/// <summary>Offline mode: keeps the best snapshot of the track and posts it, once, when the face leaves.</summary>
public sealed class OfflineChoice : IBestFaceChoice
{
    private FaceSnapshot? _best;

    public IReadOnlyList<FaceSnapshot> Offer(FaceSnapshot snapshot)
    {
        if (_best is null || snapshot.Quality.Score > _best.Quality.Score)
        {
            _best?.Frame.Release();
            _best = snapshot with { Frame = snapshot.Frame.Retain() };
        }
        return [];
    }

    public IReadOnlyList<FaceSnapshot> Finish()
    {
        var best = _best;
        _best = null;
        return best is null ? [] : [best];
    }
}
