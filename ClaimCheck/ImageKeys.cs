using System.Security.Cryptography;
using System.Text;
using Contracts.Images;
using MassTransit;

namespace ClaimCheck;

/// <summary>Claim keys: 32 lowercase hex digits, new for a photo, derived for the images a stage makes from it.</summary>
public static class ImageKeys
{
    public static ImageRef New() => new(NewId.NextSequentialGuid().ToString("N"));

    /// <summary>The same key every time for the same source and part: a stage that runs again on a redelivered message
    /// overwrites what a run that died had written, instead of leaving it behind.</summary>
    public static ImageRef Derived(ImageRef source, string part) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Key}/{part}")))[..32]);
}
