using FluentValidation;
using Gateway.Http;

namespace Gateway.Features.Identify;

public sealed class IdentifyRequestValidator : AbstractValidator<IdentifyRequest>
{
    public IdentifyRequestValidator()
    {
        RuleFor(request => request.Photo).NotNull().WithMessage("photo is required: an uploaded image or its URL.").OverridePropertyName("photo");
        RuleFor(request => request.Boxes).Must(BoxRules.AreValid).WithMessage(BoxRules.Message).OverridePropertyName("bbox");
        RuleFor(request => request.N).InclusiveBetween(1, FacenapiOptions.MaxMatches)
            .WithMessage($"n must be from 1 to {FacenapiOptions.MaxMatches}.").OverridePropertyName("n");
    }
}
