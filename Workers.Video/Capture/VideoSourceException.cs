namespace Workers.Video.Capture;

/// <summary>A stream that could not be opened or that broke, with what ffmpeg said about it.</summary>
public sealed class VideoSourceException(string message) : Exception(message);
