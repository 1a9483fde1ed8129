/** Money as the API shows it: an exact amount with two decimal places. */
import type { MoneyResolvers } from '../generated/graphql';
import { format } from '../services/money';

export const Money: MoneyResolvers = {
  amount: (money) => format(money.amount),
};
