namespace Contracts.Index;

/// <summary>The index stage's answer to a request whose facen it cannot take (another length than its facens, not finite, not of
/// unit length): the caller's error (BAD_PARAM <c>facen</c>), not the stage's.</summary>
public sealed record FacenRejected(string Reason);
