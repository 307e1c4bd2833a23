using Contracts.Images;

namespace Workers.Video.Cameras;

/// <summary>One video stream to watch: its camera id (posted as <c>cam_id</c>), its source, its ffmpeg input options,
/// and its own <c>rot</c>/<c>roi</c> when the camera list gives them (else the detector's options apply).</summary>
public sealed record Camera(string Id, string Source, IReadOnlyList<KeyValuePair<string, string>> SourceParams, Box? Rot = null, Box? Roi = null);
