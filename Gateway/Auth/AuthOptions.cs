using System.ComponentModel.DataAnnotations;

namespace Gateway.Auth;

/// <summary>Authentication settings (section "Auth").</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>A token added to the store at start if it is not there, so that a new install can be used at once.</summary>
    public string? BootstrapToken { get; set; }

    /// <summary>Failed authentications one client address may make within <see cref="FailureWindow"/>; beyond them every
    /// request from it is answered 429 until the window ends, so that tokens cannot be guessed at network speed.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFailures { get; set; } = 10;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);
}
