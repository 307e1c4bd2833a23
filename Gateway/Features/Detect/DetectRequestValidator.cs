using FluentValidation;

namespace Gateway.Features.Detect;

public sealed class DetectRequestValidator : AbstractValidator<DetectRequest>
{
    public DetectRequestValidator()
    {
        RuleFor(request => request.Photo).NotNull().WithMessage("photo is required: an uploaded image or its URL.").OverridePropertyName("photo");
    }
}
