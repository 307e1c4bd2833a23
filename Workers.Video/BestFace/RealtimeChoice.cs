using Workers.Video.Analysis;

namespace Workers.Video.BestFace;

/// <summary>Real-time mode: posts a snapshot as soon as it beats the threshold, which starts at <c>min-score</c> and
/// rises to the posted score plus <c>rt-score-step</c> after each post. Posts of one face are at least <c>rt-delay</c>
/// apart (the best snapshot that beat the threshold meanwhile waits for its turn); <c>rt-refresh</c>, when set, lowers
/// the threshold back to <c>min-score</c> that long after a post. A new track starts from <c>min-score</c> again.</summary>
public sealed class RealtimeChoice(double minScore, double scoreStep, TimeSpan delay, TimeSpan refresh) : IBestFaceChoice
{
    // The threshold once raised by a post; min-score before the first post and after a refresh.
    private double? _raised;
    private DateTimeOffset? _lastPost;
    private FaceSnapshot? _waiting;

    public IReadOnlyList<FaceSnapshot> Offer(FaceSnapshot snapshot)
    {
        if (refresh > TimeSpan.Zero && _lastPost is { } posted && snapshot.Time - posted >= refresh)
            _raised = null;
        if (snapshot.Quality.Score > (_raised ?? minScore) && (_waiting is null || snapshot.Quality.Score > _waiting.Quality.Score))
        {
            _waiting?.Frame.Release();
            _waiting = snapshot with { Frame = snapshot.Frame.Retain() };
        }
        if (_waiting is null || (_lastPost is { } last && snapshot.Time - last < delay))
            return [];

        var post = _waiting;
        _waiting = null;
        _raised = post.Quality.Score + scoreStep;
        _lastPost = snapshot.Time;
        return [post];
    }

    public IReadOnlyList<FaceSnapshot> Finish()
    {
        var waiting = _waiting;
        _waiting = null;
        return waiting is null ? [] : [waiting];
    }
}
