namespace Workers.Video.Cameras;

/// <summary>What one camera's stream has done so far; read by the periodic log line and by tests.</summary>
public sealed class StreamStats
{
    private long _framesRead, _framesDropped, _framesAnalysed, _framesWithMotion, _framesDetected, _facesPosted, _postsFailed;
    private int _connections, _failures;

    public long FramesRead => Interlocked.Read(ref _framesRead);
    /// <summary>Frames of a live source skipped because analysis was behind (never with <c>disable-drops</c>, never for files).</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long FramesAnalysed => Interlocked.Read(ref _framesAnalysed);
    public long FramesWithMotion => Interlocked.Read(ref _framesWithMotion);
    /// <summary>Frames the face detector ran on: those with motion, and all while a face is tracked.</summary>
    public long FramesDetected => Interlocked.Read(ref _framesDetected);
    public long FacesPosted => Interlocked.Read(ref _facesPosted);
    public long PostsFailed => Interlocked.Read(ref _postsFailed);
    /// <summary>Times ffmpeg opened the source.</summary>
    public int Connections => Volatile.Read(ref _connections);
    /// <summary>Times the source could not be opened or broke.</summary>
    public int Failures => Volatile.Read(ref _failures);
    public string? LastError { get; private set; }

    internal void Read() => Interlocked.Increment(ref _framesRead);
    internal void Dropped() => Interlocked.Increment(ref _framesDropped);
    internal void Analysed(bool motion)
    {
        Interlocked.Increment(ref _framesAnalysed);
        if (motion)
            Interlocked.Increment(ref _framesWithMotion);
    }
    internal void Detected() => Interlocked.Increment(ref _framesDetected);
    internal void Posted(bool accepted) => Interlocked.Increment(ref accepted ? ref _facesPosted : ref _postsFailed);
    internal void Connected() => Interlocked.Increment(ref _connections);
    internal void Failed(string error)
    {
        LastError = error;
        Interlocked.Increment(ref _failures);
    }

    public override string ToString() =>
        $"read {FramesRead}, dropped {FramesDropped}, analysed {FramesAnalysed}, motion {FramesWithMotion}, detected {FramesDetected}, " +
        $"posted {FacesPosted}, post failures {PostsFailed}, connections {Connections}, failures {Failures}";
}
