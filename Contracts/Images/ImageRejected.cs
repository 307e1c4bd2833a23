namespace Contracts.Images;

/// <summary>The answer of a stage that could not use the image it was given (undecodable, too large, unreadable).</summary>
/// <param name="Code">Machine-readable code in CAPS_AND_UNDERSCORES, e.g. IMAGE_DECODING_FAILED.</param>
/// <param name="Reason">Human-readable description.</param>
public sealed record ImageRejected(string Code, string Reason);
