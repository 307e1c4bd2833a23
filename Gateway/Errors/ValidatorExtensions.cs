using FluentValidation;

namespace Gateway.Errors;

public static class ValidatorExtensions
{
    /// <summary>Answers the first failure as BAD_PARAM, naming the parameter as the client spelt it.</summary>
    /// <exception cref="ApiException">BAD_PARAM.</exception>
    public static async Task ValidateOrThrowAsync<T>(this IValidator<T> validator, T request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (validation.Errors is [var error, ..])
            throw new ApiException(ApiError.BadParam(error.PropertyName, error.AttemptedValue, error.ErrorMessage));
    }
}
