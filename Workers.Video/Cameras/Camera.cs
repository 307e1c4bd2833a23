namespace Workers.Video.Cameras;

/// <summary>One video stream to watch: its camera id (posted as <c>cam_id</c>), its source and its ffmpeg input options.</summary>
public sealed record Camera(string Id, string Source, IReadOnlyList<KeyValuePair<string, string>> SourceParams);
