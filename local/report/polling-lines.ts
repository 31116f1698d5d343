// Progress lines that only say a poll found nothing new yet: the live view and the report's events table
// leave them out (the report folds them away below the table), since a person reads past them anyway.

/** `Route 53 change C1 is still PENDING`, `image … still pending`, `slot a is coming up: 1/2 in service`. */
export const isPollingLine = (text: string): boolean => /still pending|is coming up|still PENDING/.test(text);
