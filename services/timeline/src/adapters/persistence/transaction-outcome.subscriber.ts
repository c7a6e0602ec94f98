import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { PathwayChangesHub } from '../../application/pathway-changes.hub';

/**
 * Reports the outcome of every transaction on the timeline's data source to the
 * live-change hub (TypeORM broadcasts commit and rollback of each query runner's
 * transaction to the data source's subscribers).
 */
@Injectable()
export class TransactionOutcomeSubscriber implements EntitySubscriberInterface, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hub: PathwayChangesHub,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.hub.committed(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.hub.rolledBack(event.queryRunner);
  }
}
