using FluentValidation;

namespace Gateway.Features.Extract;

/// <summary>Checks the shape of an Extraction API call; each image request is checked by <see cref="ImageRequestValidator"/>.</summary>
public sealed class ExtractRequestValidator : AbstractValidator<ExtractRequest>
{
    public ExtractRequestValidator(IValidator<ImageRequest> imageRequest)
    {
        RuleFor(body => body.Requests)
            .NotEmpty().WithMessage("requests must be a non-empty array of image requests.")
            .OverridePropertyName("requests");
        RuleForEach(body => body.Requests)
            .NotNull().WithMessage("An image request must be an object.")
            .SetValidator(imageRequest!)
            .OverridePropertyName("requests");
    }
}
