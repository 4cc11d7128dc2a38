/** DynamoDB access for appointments: the transactions that keep slots single-booked, and the lists. */
export * from './queries';
export * from './transactions';
export * from './reminders';
export * from './places';
