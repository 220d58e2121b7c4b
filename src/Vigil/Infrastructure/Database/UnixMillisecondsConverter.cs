using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Vigil.Infrastructure.Database;

internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));
