import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { SubscriptionsService } from './subscriptions.service';

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family: sans-serif"><h1>${title}</h1>${body}</body></html>`;

/**
 * One-click unsubscribe of e-mail notices (RFC 8058), outside /api/v1: the signed token is the
 * credential. POST (what a mail client sends for List-Unsubscribe-Post) unsubscribes; GET shows a button
 * (link scanners fetch GETs, so a GET must not unsubscribe).
 */
@Controller('notices/unsubscribe')
@ApiTags('notices')
export class UnsubscribeController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'The unsubscribe page of a notice e-mail (no key: the signed token)' })
  confirm(@Query('token') token: string | undefined, @Res() res: Response): void {
    const safe = encodeURIComponent(token ?? '');
    res
      .type('text/html')
      .send(
        page(
          'Unsubscribe from maintenance notices',
          `<form method="post" action="?token=${safe}"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<button type="submit">Unsubscribe</button></form>`,
        ),
      );
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058; no key: the signed token)' })
  async unsubscribe(@Query('token') token: string | undefined, @Res() res: Response): Promise<void> {
    const done = typeof token === 'string' && (await this.subscriptions.unsubscribe(token));
    res
      .status(done ? 200 : 400)
      .type('text/html')
      .send(
        done
          ? page('Unsubscribed', '<p>You will receive no more notices at this address.</p>')
          : page(
              'This link is not valid',
              '<p>Copy the whole link from the e-mail, or ask your contact.</p>',
            ),
      );
  }
}
