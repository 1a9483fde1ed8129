/** A fee-schedule price as Money. */
import type { FeeScheduleItemResolvers } from '../generated/graphql';
import { money } from '../services/money';

export const FeeScheduleItem: FeeScheduleItemResolvers = {
  unitPrice: (item) => money(item.unitPrice, item.currency),
};
