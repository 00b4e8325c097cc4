import { UpdateTransactionDto } from '../../transactions/dto/create-transaction.dto';

/** Operations take the same patch as transactions: description and metadata. */
export class UpdateOperationDto extends UpdateTransactionDto {}
