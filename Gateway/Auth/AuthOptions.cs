namespace Gateway.Auth;

/// <summary>Authentication settings (section "Auth").</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>A token added to the store at start if it is not there, so that a new install can be used at once.</summary>
    public string? BootstrapToken { get; set; }
}
